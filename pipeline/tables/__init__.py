"""Tables: validated resources in pandas, tidy figures, derived figures, intervals and how numbers are written."""
