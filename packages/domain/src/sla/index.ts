// The SLA clock of POLICY §5: 24x5 / 24x7 deadlines, bands, and the stamp a ticket carries.
export { addClockHours, addClockMillis, MAX_CLOCK_HOURS, type ClockSpec } from "./add-clock-hours";
export { chooseBand } from "./choose-band";
export { pickHours } from "./pick-hours";
export { stampSla, startDetermination, type SlaInput } from "./stamp-sla";
