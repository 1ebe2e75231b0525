// The console-wide flashbar: mutations report success and failures here,
// failures with the API's envelope rendered by ApiErrorContent.

import Flashbar, { type FlashbarProps } from "@cloudscape-design/components/flashbar";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiErrorContent, errorTitle } from "./ApiErrorContent";

const SUCCESS_MS = 10_000;

export interface Flash {
  success(message: ReactNode): void;
  error(err: unknown, header?: string): void;
  clear(): void;
}

const FlashContext = createContext<{ flash: Flash; items: FlashbarProps.MessageDefinition[] } | null>(null);

export function FlashProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const seq = useRef(0);

  const push = useCallback((item: Omit<FlashbarProps.MessageDefinition, "id" | "onDismiss">) => {
    const id = `flash-${seq.current++}`;
    const dismiss = () => setItems((xs) => xs.filter((x) => x.id !== id));
    // Newest first; keep a handful so a burst of failures stays readable.
    setItems((xs) => [{ ...item, id, dismissible: true, dismissLabel: "Dismiss", onDismiss: dismiss }, ...xs].slice(0, 5));
    // Successes fade on their own; failures stay until read and dismissed.
    if (item.type === "success") setTimeout(dismiss, SUCCESS_MS);
  }, []);

  const flash = useMemo<Flash>(
    () => ({
      success: (message) => push({ type: "success", content: message }),
      error: (err, header) => push({ type: "error", header: header ?? errorTitle(err), content: <ApiErrorContent error={err} /> }),
      clear: () => setItems([]),
    }),
    [push],
  );
  const value = useMemo(() => ({ flash, items }), [flash, items]);
  return <FlashContext.Provider value={value}>{children}</FlashContext.Provider>;
}

export function useFlash(): Flash {
  const c = useContext(FlashContext);
  if (!c) throw new Error("useFlash outside FlashProvider");
  return c.flash;
}

export function Flashes() {
  const c = useContext(FlashContext);
  return (
    <Flashbar
      items={c?.items ?? []}
      stackItems={(c?.items.length ?? 0) > 2}
      i18nStrings={{
        ariaLabel: "Notifications",
        notificationBarAriaLabel: "View all notifications",
        notificationBarText: "Notifications",
        errorIconAriaLabel: "Error",
        warningIconAriaLabel: "Warning",
        successIconAriaLabel: "Success",
        infoIconAriaLabel: "Info",
        inProgressIconAriaLabel: "In progress",
      }}
    />
  );
}
