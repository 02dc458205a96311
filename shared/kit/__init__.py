"""The department kit: what every department service shares, so a department is a thin folder
with its event types, its simulator and its task handling (DESIGN.md section 2)."""
