"""The citizen survey: questionnaire design, sampling plan, and analysis of the answers."""
