"""The planner window: Qt only, over the domain and storage layers."""
