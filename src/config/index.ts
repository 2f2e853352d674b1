// The config module's public face: schema, types, loading.
export { readConfigFile } from './file.js';
export { defaultConfig, type Env, keyPath, type ParseConfigOptions, parseConfig } from './load.js';
export {
  type BreakingChangeRuleConfig,
  type BudgetFieldsConfig,
  type Config,
  type ConfigInput,
  ConfigSchema,
  configJsonSchema,
  durationMs,
  type GitopsConfig,
  type WebhookConfig,
  WEBHOOK_EVENTS,
  webhookKind,
} from './schema.js';
