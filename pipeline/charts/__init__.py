"""Charts: chart kinds drawn from definitions held as data into specs, SVG, PNG and the data drawn."""
