"""Analytical CRM jobs: pure pandas computations, each with a CLI on local files and a thin Lambda handler."""
