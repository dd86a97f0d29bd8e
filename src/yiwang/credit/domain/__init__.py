"""The credit domain without Django: record kinds, publication periods, grade models, measures, import rows."""
