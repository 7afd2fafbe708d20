/**
 * Builds the plain text of an HTML body line by line (used by `htmlToText`): collapses
 * whitespace as a browser does, keeps at most one blank line in a row, and joins table cells
 * with " | " only between cells that hold text (spacer cells add nothing). Every operation is
 * O(length of the appended text): the current line is never rescanned, so a 3 MB one-line
 * table stays linear.
 */
export class TextLines {
  readonly #lines: string[] = [];
  #line = "";
  #hasText = false;
  #spacePending = false;
  #separatorPending = false;

  /** Appends text; outside `<pre>` whitespace runs (NBSP included) become one space. */
  text(text: string, preformatted: boolean): void {
    if (preformatted) {
      text.split("\n").forEach((piece, index) => {
        if (index > 0) this.lineBreak();
        this.#append(piece.endsWith("\r") ? piece.slice(0, -1) : piece, false);
      });
      return;
    }
    const collapsed = text.replace(/\s+/g, " ");
    const core = collapsed.trim();
    if (core === "") {
      if (collapsed !== "") this.#spacePending = this.#hasText;
      return;
    }
    this.#append(core, collapsed.startsWith(" "));
    this.#spacePending = collapsed.endsWith(" ");
  }

  /** The next text on this line starts a new table cell. */
  cellSeparator(): void {
    this.#separatorPending = true;
  }

  /** Ends the current line if it holds text (block element boundary). */
  endLine(): void {
    if (this.#hasText) this.#lines.push(this.#line);
    this.#line = "";
    this.#hasText = false;
    this.#spacePending = false;
    this.#separatorPending = false;
  }

  /** `<br>`: ends the line; on an empty line leaves one blank line. */
  lineBreak(): void {
    const wasEmpty = !this.#hasText;
    this.endLine();
    if (wasEmpty) this.#blankLine();
  }

  /** Ends the line and leaves one blank line after it (paragraphs, tables). */
  paragraphBreak(): void {
    this.endLine();
    this.#blankLine();
  }

  /** The text so far, without trailing blank lines. */
  toString(): string {
    this.endLine();
    while (this.#lines.length > 0 && this.#lines[this.#lines.length - 1] === "") this.#lines.pop();
    return this.#lines.join("\n");
  }

  #blankLine(): void {
    if (this.#lines.length > 0 && this.#lines[this.#lines.length - 1] !== "") this.#lines.push("");
  }

  #append(text: string, leadingSpace: boolean): void {
    if (this.#hasText) {
      if (this.#separatorPending) this.#line += " | ";
      else if (this.#spacePending || leadingSpace) this.#line += " ";
    }
    this.#line += text;
    this.#hasText ||= text !== "";
    this.#separatorPending = false;
    this.#spacePending = false;
  }
}
