"""Sales force automation: leads with explainable scores, conversion, opportunities, pipeline and forecast."""
