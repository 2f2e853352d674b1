// The large spec pairs `bench:diff` and `bench:check` run on (files in ../shared/corpus/bench/).
export const PAIRS = [
  {
    id: 'stripe-6m',
    label: 'Stripe 6 months',
    base: 'stripe-2021-10-14-00eec383.json',
    revision: 'stripe-2022-04-12-e0123a38.json',
  },
  {
    id: 'stripe-1',
    label: 'Stripe one update',
    base: 'stripe-2022-04-07-fc5a2b92.json',
    revision: 'stripe-2022-04-12-e0123a38.json',
  },
  {
    id: 'github',
    label: 'GitHub 9 months',
    base: 'github-octokit-22.0.0.json',
    revision: 'github-octokit-23.0.2.json',
  },
] as const;
