"""Statistical models: pure functions returning analysis.models.result.Result objects.

proportions: survey shares, finite-population and non-response; trends: slopes, diffusion,
growth, rollout plans; correlation: rank correlation, concordance, size gradients.
"""
