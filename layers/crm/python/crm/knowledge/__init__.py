"""Knowledge base: articles in several languages, reviewed and published, searched by full text."""
