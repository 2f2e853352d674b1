// Every consecutive and a years-apart version pair of Stripe's spec3.yaml diff without an error and
// byte-identically twice. Its own file so vitest runs it beside the others (12 YAML parses dominate).
import { historySuite } from './history-suite.js';

historySuite(['stripe']);
