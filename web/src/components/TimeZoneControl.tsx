// The time zone times are shown in: the browser's or UTC, chosen once and
// remembered in this browser (format.ts keeps the choice; formatDate reads it).

import SegmentedControl from "@cloudscape-design/components/segmented-control";
import { useSyncExternalStore } from "react";
import { currentTimeZone, setTimeZonePreference, subscribeTimeZone, type TimeZonePreference } from "../format";

/** The preference in force; a component that calls it redraws when it changes. */
export function useTimeZone(): TimeZonePreference {
  return useSyncExternalStore(subscribeTimeZone, currentTimeZone, currentTimeZone);
}

export function TimeZoneControl() {
  const zone = useTimeZone();
  return (
    <SegmentedControl
      label="Time zone"
      selectedId={zone}
      onChange={(e) => setTimeZonePreference(e.detail.selectedId as TimeZonePreference)}
      options={[
        { id: "local", text: "Local time" },
        { id: "utc", text: "UTC" },
      ]}
    />
  );
}
