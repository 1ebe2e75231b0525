// An id, ARN or account id with a copy button beside it (Cloudscape's
// inline copy-to-clipboard), so no one selects 12 digits by hand. In a
// table the value keeps to one line and is cut with an ellipsis, its whole
// text shown on hover and keyboard focus.

import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import TruncatedText from "@cloudscape-design/components/truncated-text";
import type { ReactNode } from "react";

export interface CopyValueProps {
  value: string;
  /** What the value is, lower case: "account id", "role ARN". Names the button and its message. */
  label: string;
  /** Shown instead of the value (the value is still what is copied). */
  display?: ReactNode;
  /** One line, cut with an ellipsis (in table cells); wraps otherwise. */
  truncate?: boolean;
}

export function CopyValue({ value, label, display, truncate }: CopyValueProps) {
  if (!value) return <>-</>;
  const shown = display ?? value;
  return (
    <CopyToClipboard
      variant="inline"
      textToCopy={value}
      textToDisplay={
        truncate ? (
          <TruncatedText tooltipText={typeof shown === "string" ? shown : value}>{shown}</TruncatedText>
        ) : (
          // Wraps between words ("Production (123456789012)"), and inside one only when it cannot fit (an ARN).
          <span style={{ wordBreak: "normal", overflowWrap: "anywhere" }}>{shown}</span>
        )
      }
      wrapText={!truncate}
      copyButtonAriaLabel={`Copy ${label} ${value}`}
      copySuccessText={`Copied the ${label}`}
      copyErrorText={`The ${label} could not be copied`}
      popoverRenderWithPortal
    />
  );
}

/** An account id with the name it goes by (a credential's or a member account's): "Production (123456789012)". */
export function AccountValue({ id, name, truncate }: { id: string; name?: string; truncate?: boolean }) {
  return <CopyValue value={id} label="account id" truncate={truncate} display={name ? `${name} (${id})` : id} />;
}
