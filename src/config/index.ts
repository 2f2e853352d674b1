// The config module's public face: schema, types, loading.

export { budgetSetFromConfig, rulesFromConfig } from './budgets.js';
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
  WEBHOOK_EVENTS,
  type WebhookConfig,
  webhookKind,
} from './schema.js';
