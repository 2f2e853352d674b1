// HMAC-SHA256 for webhook signatures (core/notifications/signature.ts defines what is signed).
import { createHmac } from 'node:crypto';
import type { HmacSha256Hex } from '../../core/notifications/signature.js';

export const hmacSha256Hex: HmacSha256Hex = (secret, message) =>
  createHmac('sha256', secret).update(message, 'utf8').digest('hex');
