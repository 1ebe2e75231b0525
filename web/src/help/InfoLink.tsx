// The Info link of Cloudscape's help system: beside a page header, a
// container header or a form field label, it opens the help panel on its
// topic. Its name starts with its visible text ("Info about ..."), as
// WCAG's label in name asks (axe's label-content-name-mismatch).

import Link from "@cloudscape-design/components/link";
import { useHelp } from "./HelpProvider";
import { helpTopic, type HelpTopicId } from "./topics";

export function InfoLink({ topic }: { topic: HelpTopicId }) {
  const { open } = useHelp();
  return (
    <Link variant="info" onFollow={() => open(topic)} ariaLabel={`Info about ${helpTopic(topic).title}`}>
      Info
    </Link>
  );
}
