"""The public pages at /acik/ (DESIGN.md §9): the plan, the figures of published periods as
published, the published reports and open data, without login, when the strategy office turns
them on for a plan. The read side: this app sits above `reports` in the import layers."""
