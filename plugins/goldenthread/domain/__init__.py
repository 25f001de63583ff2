"""Figures computed from the model and graph (money, time, KPIs, people, change). No rendering."""
