"""The department kit: what every department service shares, so a department is a thin folder
with its event types, its file-import mapping and its task handling (DESIGN.md section 2).
The department simulators are offline tooling (tooling/simulate)."""
