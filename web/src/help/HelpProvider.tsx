// The help system: the shell's app layout shows one help topic in its
// tools panel; any page opens a topic through useHelp().open (InfoLink),
// and the top navigation's Help button opens the current one. As
// Cloudscape's help system asks: the panel starts closed; reopened on the
// same page it shows what it showed; another page shows that page's
// topic; opening it moves focus to its close button, and closing it (that
// button, or Escape inside the panel) returns focus to what opened it.
//
// The tools drawer exists only while open: closed, the app layout would
// keep a 60 px strip for its toggle down the right edge, which the main
// tables need at 1024 px. The Help button takes the toggle's place.

import type { AppLayoutProps } from "@cloudscape-design/components/app-layout";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { useLocation } from "react-router";
import { HelpTopicPanel } from "./HelpTopicPanel";
import { routeTopic } from "./routes";
import type { HelpTopicId } from "./topics";

export interface Help {
  open: (topic: HelpTopicId) => void;
}

// Outside the shell (a page rendered alone in a test) an Info link does nothing.
const HelpContext = createContext<Help>({ open: () => {} });

export function useHelp(): Help {
  return useContext(HelpContext);
}

export function HelpProvider({ help, children }: { help: Help; children: ReactNode }) {
  return <HelpContext.Provider value={help}>{children}</HelpContext.Provider>;
}

/** What the app layout needs to show the help panel. */
export interface HelpLayout {
  ref: RefObject<AppLayoutProps.Ref | null>;
  tools: ReactNode;
  toolsOpen: boolean;
  toolsHide: boolean;
  onToolsChange: NonNullable<AppLayoutProps["onToolsChange"]>;
}

/**
 * The help panel's state, for the shell: the context pages use, the app
 * layout's props, and openCurrent for the Help button (the page's topic,
 * or the one last chosen on this page).
 */
export function useHelpPanel(): { help: Help; openCurrent: () => void; layout: HelpLayout } {
  const { pathname } = useLocation();
  const ref = useRef<AppLayoutProps.Ref>(null);
  const [isOpen, setOpen] = useState(false);
  // A topic chosen by an Info link holds on the page it was chosen on.
  const [chosen, setChosen] = useState<{ topic: HelpTopicId; path: string } | null>(null);
  const topic = chosen?.path === pathname ? chosen.topic : routeTopic(pathname);
  const opener = useRef<HTMLElement | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const open = useCallback(
    (t: HelpTopicId) => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setChosen({ topic: t, path: pathname });
      setOpen(true);
      setFocusRequest((n) => n + 1);
    },
    [pathname],
  );
  // Once the panel is open (the layout's own effects ran first), its close
  // button takes focus; the layout remembers the opener to return to.
  useEffect(() => {
    if (focusRequest > 0) ref.current?.focusToolsClose();
  }, [focusRequest]);

  const closeFromKeyboard = useCallback(() => {
    setOpen(false);
    const back = opener.current;
    if (back?.isConnected) setTimeout(() => back.focus(), 0);
  }, []);

  const help = useMemo(() => ({ open }), [open]);
  return {
    help,
    openCurrent: () => open(topic),
    layout: {
      ref,
      tools: <HelpTopicPanel topic={topic} onEscape={closeFromKeyboard} />,
      toolsOpen: isOpen,
      toolsHide: !isOpen,
      onToolsChange: (e) => setOpen(e.detail.open),
    },
  };
}
