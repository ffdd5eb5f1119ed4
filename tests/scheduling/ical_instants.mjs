// Read an .ics on stdin and print each event's start and end as UTC instants, as
// ical.js (the library Thunderbird uses) understands them. Run by tests/scheduling/calendar_readers.py.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    method: calendar.getFirstPropertyValue("method"),
  };
});
process.stdout.write(JSON.stringify(events));
