"""Tools for the people who run the chatbot (benchmarks, load tests, routing reports): never on a request path."""
