// A flash that appears starts the flashbar's entering animation timer
// (115 ms, run even in jsdom). A test file whose last test ends on a flash
// would leave that timer to fire after jsdom is gone ("window is not
// defined"): such files wait it out once at their end.

import { afterAll } from "vitest";

const FLASHBAR_ENTERING_MS = 115;

export function letFlashesSettle() {
  afterAll(() => new Promise((resolve) => setTimeout(resolve, FLASHBAR_ENTERING_MS * 2)));
}
