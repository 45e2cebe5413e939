"""The local stack: moto as the embedded AWS, built from template.yaml; build and dev tooling."""
