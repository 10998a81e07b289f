"""NLP: spaCy model loading and the framelens pipeline components."""
