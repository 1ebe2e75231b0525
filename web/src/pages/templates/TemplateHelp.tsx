// How to make a report template, shown beside its upload: start from the
// built-in template, restyle it in Word, keep the two anchors, and use
// only the placeholders the API knows.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Template } from "../../api/types";
import { ANCHORS, bracketed, knownPlaceholders, PLACEHOLDER_HELP } from "./placeholders";

export function TemplateHelp({ templates, onDownloadBuiltIn, downloading }: { templates: readonly Template[] | undefined; onDownloadBuiltIn: () => void; downloading: boolean }) {
  const placeholders = knownPlaceholders(templates);
  return (
    <SpaceBetween size="xs">
      <Box variant="h3" tagOverride="h3">
        Making a template
      </Box>
      <ol aria-label="Making a template">
        <li>
          <Button variant="inline-link" formAction="none" iconName="download" loading={downloading} onClick={onDownloadBuiltIn}>
            Download the built-in template
          </Button>{" "}
          and start from it.
        </li>
        <li>Open it in Word and change the cover, the styles (fonts, colours, headings), the header and footer, and the logo.</li>
        <li>
          Keep the anchors {ANCHORS.map((a, i) => (
            <span key={a}>
              {i > 0 && " and "}
              <Box variant="code">{bracketed(a)}</Box>
            </span>
          ))}
          , each alone in its own paragraph. The document control and revision history are written at the first; everything the scan finds at the
          second.
        </li>
        <li>Use only the placeholders below, written in square brackets. Each is replaced when a report is built.</li>
        <li>Save it as a Word document (.docx) of at most 10 MB, without macros or links to outside files.</li>
      </ol>
      <Box variant="h3" tagOverride="h3">
        Placeholders
      </Box>
      <ul aria-label="Placeholders">
        {placeholders.map((p) => (
          <li key={p}>
            <Box variant="code">{bracketed(p)}</Box>
            {PLACEHOLDER_HELP[p] ? `: ${PLACEHOLDER_HELP[p]}` : ""}
          </li>
        ))}
      </ul>
    </SpaceBetween>
  );
}
