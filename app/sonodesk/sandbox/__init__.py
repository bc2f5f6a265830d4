"""The embedded Scenario-compatible sandbox server. No Qt."""
