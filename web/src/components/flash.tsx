// The console-wide flashbar: mutations report success and failures here,
// failures with the API's envelope rendered by ApiErrorContent. A call an
// approval workflow held (HeldForApproval) is neither: it shows as
// information, with a link to the request that now waits for approval.

import Flashbar, { type FlashbarProps } from "@cloudscape-design/components/flashbar";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { HeldForApproval } from "../api/errors";
import { ApiErrorContent, errorTitle } from "./ApiErrorContent";
import { RouterLink } from "./RouterLink";

const SUCCESS_MS = 10_000;

export interface Flash {
  /** A success; answers its id, to dismiss it early when what it announced is over. */
  success(message: ReactNode): string;
  /** A failure; a call held for approval is shown as held instead. */
  error(err: unknown, header?: string): void;
  /** Calls an approval workflow held: "Sent for approval", with a link to each request. */
  held(...held: HeldForApproval[]): void;
  /** A failure the API reported as a sentence (a job's error), not as an error envelope. */
  failure(header: string, message: ReactNode): void;
  /** Work going on (a spinner); answers its id for update and dismiss. */
  progress(header: string, message: ReactNode): string;
  update(id: string, message: ReactNode): void;
  dismiss(id: string): void;
  clear(): void;
}

const FlashContext = createContext<{ flash: Flash; items: FlashbarProps.MessageDefinition[] } | null>(null);

export function FlashProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const seq = useRef(0);

  const remove = useCallback((id: string) => setItems((xs) => xs.filter((x) => x.id !== id)), []);
  const push = useCallback((item: Omit<FlashbarProps.MessageDefinition, "id" | "onDismiss">) => {
    const id = `flash-${seq.current++}`;
    const dismiss = () => remove(id);
    // Newest first; keep a handful so a burst of failures stays readable.
    setItems((xs) => [{ ...item, id, dismissible: true, dismissLabel: "Dismiss", onDismiss: dismiss }, ...xs].slice(0, 5));
    // Successes fade on their own; failures stay until read and dismissed.
    if (item.type === "success") setTimeout(dismiss, SUCCESS_MS);
    return id;
  }, [remove]);

  const flash = useMemo<Flash>(
    () => ({
      success: (message) => push({ type: "success", content: message }),
      error: (err, header) =>
        err instanceof HeldForApproval
          ? push(heldMessage([err]))
          : push({ type: "error", header: header ?? errorTitle(err), content: <ApiErrorContent error={err} /> }),
      held: (...held) => held.length > 0 && push(heldMessage(held)),
      failure: (header, message) => push({ type: "error", header, content: message }),
      progress: (header, message) => push({ type: "info", loading: true, header, content: message }),
      update: (id, message) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, content: message } : x))),
      dismiss: remove,
      clear: () => setItems([]),
    }),
    [push, remove],
  );
  const value = useMemo(() => ({ flash, items }), [flash, items]);
  return <FlashContext.Provider value={value}>{children}</FlashContext.Provider>;
}

/** The flash of held calls: one names its request; several link to the caller's requests. */
function heldMessage(held: HeldForApproval[]): Omit<FlashbarProps.MessageDefinition, "id" | "onDismiss"> {
  const [first] = held;
  if (held.length === 1 && first) {
    return {
      type: "info",
      content: (
        <>
          Sent for approval: {first.message.replace(/\.$/, "")}.{" "}
          <RouterLink href={first.href} color="inverted">
            View the request
          </RouterLink>
        </>
      ),
    };
  }
  return {
    type: "info",
    content: (
      <>
        Sent for approval: {held.length} operations wait for approval; nothing was done yet.{" "}
        <RouterLink href="/approvals?filter=mine" color="inverted">
          View your requests
        </RouterLink>
      </>
    ),
  };
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
