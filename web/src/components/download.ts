// Saving files: a blob the console made (templates) or a presigned URL
// (reports, exports: fetched by the browser itself, never with the API's token).

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    clickLink(url, fileName);
  } finally {
    // Give the browser a moment to start the download before revoking.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Opens a presigned download URL; the object's Content-Disposition names the file. */
export function openDownload(url: string, fileName: string): void {
  clickLink(url, fileName);
}

function clickLink(href: string, fileName: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
}
