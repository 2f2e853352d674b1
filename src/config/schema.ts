// The whole driftgate config file as one zod schema (INTERFACES.md "Config"); the seed's shape is accepted
// verbatim. Budget fields carry no defaults here on purpose: field-level inheritance needs to know which
// level set a field (core/budgets/hierarchy.ts fills the built-in defaults last).
import { z } from 'zod';
import { MISMATCH_TYPES, SEVERITIES } from '../core/findings.js';

export const SeveritySchema = z.enum(SEVERITIES);

/** One budget at any level. Every field optional: an absent field is inherited from the next less specific level. */
export const BudgetFieldsSchema = z.strictObject({
  max_breaking_changes: z
    .int()
    .min(0)
    .optional()
    .describe('Distinct breaking changes allowed in the window (built-in: 0).'),
  /** When absent at every level, potentially breaking changes spend the non-breaking allowance. */
  max_potentially_breaking_changes: z
    .int()
    .min(0)
    .optional()
    .describe(
      'Distinct potentially breaking changes allowed; unset at every level: they spend the non-breaking allowance.',
    ),
  max_non_breaking_changes: z
    .int()
    .min(0)
    .optional()
    .describe('Distinct non-breaking changes allowed in the window (built-in: 10).'),
  severity_threshold: SeveritySchema.optional().describe(
    'Findings at or above this severity are breaking (built-in: high).',
  ),
  max_field_churn_percent: z
    .number()
    .min(0)
    .optional()
    .describe('Field churn % allowed in the window; unset: not checked.'),
  time_window_days: z.int().min(1).optional().describe('Window length in days, ending now (built-in: 30).'),
  /** `false` skips this entry in resolution (docs/budgets.md "Disabled budgets"). */
  enabled: z.boolean().optional().describe('false skips this entry: the next less specific level applies.'),
  description: z.string().optional(),
});

/** `"POST /api/users"` (method case-insensitive) or `"/api/users"` (every method). */
export const ENDPOINT_KEY_PATTERN = /^(?:[A-Za-z]+ +)?\/\S*$/;

const ruleBase = {
  enabled: z.boolean().default(true),
  name: z.string().optional(),
  description: z.string().optional(),
};

export const BreakingChangeRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('severity'),
    severity: SeveritySchema,
    /** With `true` the rule matches `severity` and everything above it; otherwise exactly `severity`. */
    include_higher: z.boolean().default(false),
    ...ruleBase,
  }),
  z.strictObject({ type: z.literal('mismatch_type'), mismatch_type: z.enum(MISMATCH_TYPES), ...ruleBase }),
  z.strictObject({ type: z.literal('check_id'), check_id: z.string().min(1), ...ruleBase }),
  z
    .strictObject({
      type: z.literal('custom'),
      /** Glob over the operation's path template: `*` one segment's characters, `**` any number of segments. */
      path_pattern: z.string().min(1).optional(),
      method: z
        .string()
        .regex(/^[A-Za-z]+$/)
        .optional(),
      severity: SeveritySchema.optional(),
      include_higher: z.boolean().default(false),
      ...ruleBase,
    })
    .refine((r) => r.path_pattern !== undefined || r.method !== undefined || r.severity !== undefined, {
      message: 'a custom rule needs at least one of path_pattern, method, severity',
    }),
]);

export const GitopsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  update_openapi_specs: z.boolean().default(true),
  update_fixtures: z.boolean().default(true),
  regenerate_clients: z.boolean().default(false),
  run_tests: z.boolean().default(false),
  openapi_spec_dir: z.string().default('specs'),
  fixtures_dir: z.string().default('fixtures'),
  branch_prefix: z.string().default('driftgate/drift-fix'),
  provider: z.enum(['github', 'gitlab', 'git']).optional(),
  owner: z.string().optional(),
  repo: z.string().optional(),
  /** GitLab project path or id. */
  project: z.string().optional(),
  api_url: z.url().optional(),
  clone_url: z.string().optional(),
  base_branch: z.string().default('main'),
  /** Name of the env var holding the host token (never the token itself). */
  token_env: z.string().optional(),
  labels: z.array(z.string()).default([]),
  reviewers: z.array(z.string()).default([]),
  spec_file: z.string().optional(),
  regenerate_clients_command: z.string().optional(),
  run_tests_command: z.string().optional(),
  auto_open: z.boolean().default(false),
});

export const DriftBudgetSchema = z.strictObject({
  /** Master switch: `false` disables every budget (nothing is gated, nothing opens incidents). */
  enabled: z.boolean().default(true),
  default_budget: BudgetFieldsSchema.optional(),
  per_workspace_budgets: z
    .record(z.string().min(1), BudgetFieldsSchema)
    .default({})
    .describe('Budgets by workspace id.'),
  per_service_budgets: z
    .record(z.string().min(1), BudgetFieldsSchema)
    .default({})
    .describe('Budgets by service name.'),
  per_tag_budgets: z
    .record(z.string().min(1), BudgetFieldsSchema)
    .default({})
    .describe('Budgets by OpenAPI tag.'),
  per_endpoint_budgets: z
    .record(
      z.string().regex(ENDPOINT_KEY_PATTERN, 'expected "METHOD /path/template" or "/path/template"'),
      BudgetFieldsSchema,
    )
    .default({}),
  breaking_change_rules: z.array(BreakingChangeRuleSchema).default([]),
  incident_retention_days: z.int().min(1).default(90),
  gitops: GitopsSchema.optional(),
});

export const WEBHOOK_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.acknowledged',
  'incident.resolved',
  'incident.closed',
  'budget.exceeded',
  'pr.opened',
] as const;

export const WebhookSchema = z.strictObject({
  url: z.url(),
  enabled: z.boolean().default(true),
  events: z.array(z.enum(WEBHOOK_EVENTS)).default(['incident.created']),
  headers: z.record(z.string(), z.string()).default({}),
  /** Absent: inferred from the url (see `webhookKind`). */
  kind: z.enum(['generic', 'slack', 'jira']).optional(),
  /** Name of the env var holding the HMAC-SHA256 secret (generic webhooks). */
  secret_env: z.string().optional(),
  min_severity: SeveritySchema.optional(),
  /** Jira project key; the seed's `X-Jira-Project` header works too. */
  project_key: z.string().optional(),
  /** Per-attempt timeout (default 10000). */
  timeout_ms: z.int().min(100).max(300_000).optional(),
  /** Attempts before the delivery is dead-lettered (default 8). */
  max_attempts: z.int().min(1).max(100).optional(),
  /** Only events of these workspaces (default: every workspace). */
  workspaces: z.array(z.string().min(1)).min(1).optional(),
  /** Jira issue type (default `Bug`). */
  issue_type: z.string().min(1).optional(),
  /** Jira transition id applied when the incident is resolved (default: a comment only). */
  resolve_transition_id: z.string().min(1).optional(),
});

export const IncidentsSchema = z.strictObject({
  webhooks: z.array(WebhookSchema).default([]),
  allow_private_targets: z.boolean().default(false),
});

export const ContractSchema = z.strictObject({
  workspace: z.string().min(1).default('default'),
  service: z.string().min(1).optional(),
  /** Spec file path (relative to the config file's directory) or URL. */
  spec: z.string().min(1),
});

/** `250ms`, `30s`, `5m`, `1h`, or a number of seconds. */
export const DurationSchema = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(?:\.\d+)?(?:ms|s|m|h)$/),
]);

export const SyncSchema = z.strictObject({
  upstream: z.url().optional(),
  spec: z.string().optional(),
  workspace: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  interval: DurationSchema.optional(),
  fixtures_dir: z.string().default('fixtures'),
  /** Globs over request paths that are never replayed. */
  ignore_paths: z.array(z.string()).default([]),
  /** Replay POST/PUT/PATCH/DELETE too (off by default: replays must not change the upstream). */
  replay_unsafe_methods: z.boolean().default(false),
  concurrency: z.int().min(1).max(256).default(4),
  timeout: DurationSchema.default('10s'),
  /** Globs over response pointers never compared (volatile fields: `/body/**\/updated_at`). */
  ignore_fields: z.array(z.string()).default([]),
  /** Extra attempts after a network error or timeout, with exponential backoff. */
  retries: z.int().min(0).max(10).default(2),
  /** Rewrite fixtures in place with the new responses when no GitOps PR carries them. */
  update_fixtures: z.boolean().default(true),
});

export const StorageSchema = z.strictObject({
  /** `postgres://...` selects PostgreSQL; absent: SQLite under `data_dir`. */
  database_url: z.string().optional(),
  data_dir: z.string().optional(),
});

export const ServerSchema = z.strictObject({
  port: z.int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  /** Name of the env var holding the JSON token list (INTERFACES.md `DRIFTGATE_TOKENS`). */
  tokens_env: z.string().default('DRIFTGATE_TOKENS'),
  /** The dashboard's public base URL, for links in Slack/Jira (default `http://localhost:<port>`). */
  public_url: z.url().optional(),
});

/** The optional AI layer (docs/ai.md): explanations and ranking only, never levels. Off by default. */
export const AiSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** OpenAI-compatible base URL (e.g. a local Ollama: http://127.0.0.1:11434/v1). */
  base_url: z.url().optional(),
  model: z.string().min(1).optional(),
  /** Name of the env var holding the API key (optional for local servers). */
  api_key_env: z.string().optional(),
  timeout_ms: z.int().min(100).max(300_000).default(15_000),
});

export const ConfigSchema = z.strictObject({
  drift_budget: DriftBudgetSchema.default(DriftBudgetSchema.parse({})).describe(
    'Budgets, rules, retention, GitOps.',
  ),
  incidents: IncidentsSchema.default(IncidentsSchema.parse({})).describe(
    'Notification webhooks (Slack, Jira, generic).',
  ),
  contracts: z.array(ContractSchema).default([]).describe('Contract files per workspace and service.'),
  sync: SyncSchema.optional().describe('Replay recorded requests against the upstream.'),
  storage: StorageSchema.default({}).describe('SQLite (default) or PostgreSQL.'),
  server: ServerSchema.default(ServerSchema.parse({})).describe('driftgate serve.'),
  ai: AiSchema.default(AiSchema.parse({})).describe('Optional AI explanations (off by default).'),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type BudgetFieldsConfig = z.output<typeof BudgetFieldsSchema>;
export type BreakingChangeRuleConfig = z.output<typeof BreakingChangeRuleSchema>;
export type WebhookConfig = z.output<typeof WebhookSchema>;
export type GitopsConfig = z.output<typeof GitopsSchema>;

/** JSON Schema of the config file (editor completion); `docs/config.schema.json` is this, committed. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://driftgate.dev/schemas/config.schema.json',
    title: 'driftgate config',
  };
}

/** A webhook's kind: explicit `kind`, else Slack for hooks.slack.com, Jira for `/rest/api/N/issue`, else generic. */
export function webhookKind(w: Pick<WebhookConfig, 'url' | 'kind'>): 'generic' | 'slack' | 'jira' {
  if (w.kind) return w.kind;
  if (/^https?:\/\/hooks\.slack\.com\//.test(w.url)) return 'slack';
  if (/\/rest\/api\/[23]\/issue\/?$/.test(w.url)) return 'jira';
  return 'generic';
}

/** Milliseconds of a duration value (`DurationSchema`). */
export function durationMs(d: number | string): number {
  if (typeof d === 'number') return d * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}
