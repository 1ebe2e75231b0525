// One help topic as Cloudscape's help panel: its title (the panel's only
// h2), its paragraphs, and "Learn more" links (AWS documentation in a new
// tab, console pages in place).

import HelpPanel from "@cloudscape-design/components/help-panel";
import Link from "@cloudscape-design/components/link";
import { useEffect, useRef } from "react";
import { useFollow } from "../components/RouterLink";
import { helpTopic, type HelpTopicId } from "./topics";

export function HelpTopicPanel({ topic, onEscape }: { topic: HelpTopicId; onEscape: () => void }) {
  const t = helpTopic(topic);
  const follow = useFollow();
  const root = useRef<HTMLDivElement>(null);
  // Escape anywhere in the panel closes it, its close button (the app layout's) included.
  useEffect(() => {
    const panel = root.current?.closest("aside") ?? root.current;
    if (!panel) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onEscape();
    };
    panel.addEventListener("keydown", onKey);
    return () => panel.removeEventListener("keydown", onKey);
  }, [onEscape]);
  const links = t.links ?? [];
  return (
    <div ref={root}>
      <HelpPanel
        header={<h2>{t.title}</h2>}
        footer={
          links.length > 0 && (
            <div>
              <h3>Learn more</h3>
              <ul>
                {links.map((l) =>
                  l.href.startsWith("/") ? (
                    <li key={l.href}>
                      <Link href={l.href} onFollow={follow}>
                        {l.text}
                      </Link>
                    </li>
                  ) : (
                    <li key={l.href}>
                      <Link href={l.href} external externalIconAriaLabel="(opens in a new tab)">
                        {l.text}
                      </Link>
                    </li>
                  ),
                )}
              </ul>
            </div>
          )
        }
      >
        {t.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </HelpPanel>
    </div>
  );
}
