"""Scoring: findings into indicators, a composite score and ranks among peers, per run and model."""
