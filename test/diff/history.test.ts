// Every consecutive and a years-apart version pair of GitHub's and Twilio's descriptions diff without an
// error and byte-identically twice (Stripe's YAML history, the slow one to parse, is history-stripe.test.ts).
import { historySuite } from './history-suite.js';

historySuite(['github', 'twilio']);
