import { describe, expect, it } from "vitest";
import { htmlToText } from "../src/index";

const MAX = 2_000_000;

describe("htmlToText", () => {
  it.each([
    {
      when: "an Outlook table wraps each cell in <p> and bold",
      html: '<table class=MsoTableGrid><tr><td><p class=MsoNormal><b>Customer email address<o:p></o:p></b></p></td><td><p class=MsoNormal>it@customer.example</p></td></tr><tr><td><strong>Product</strong></td><td>Zoho CRM</td></tr></table>',
      text: "Customer email address | it@customer.example\nProduct | Zoho CRM",
    },
    { when: "a row has empty spacer cells", html: "<table><tr><td>Label</td><td>&nbsp;</td><td> </td><td>Value</td></tr></table>", text: "Label | Value" },
    {
      when: "a layout table nests the form table",
      html: "<table><tr><td><table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></table></td></tr></table>",
      text: "A | 1\nB | 2",
    },
    { when: "text is broken with <br>", html: "Label:<br>Value<br/><br>after", text: "Label:\nValue\n\nafter" },
    { when: "blocks follow each other", html: "<div>one</div><div>two</div><p>three</p><ul><li>four</li><li>five</li></ul>", text: "one\ntwo\n\nthree\n\nfour\nfive" },
    { when: "inline markup splits words", html: "<b>Cus</b>tomer <span>email</span>: <a href='mailto:x'>x@y.example</a>", text: "Customer email: x@y.example" },
    {
      when: "the page has head, style, script and comments",
      html: "<html><head><title>T</title><style>p{}</style></head><body><script>var a='<p>no</p>';</script><!-- <p>hidden</p> -->shown</body></html>",
      text: "shown",
    },
    { when: "entities are used", html: "a &lt; b &amp;&amp; c&nbsp;&eacute;&#233;&#xE9; &euro;", text: "a < b && c ééé €" },
    { when: "whitespace runs and newlines are in the source", html: "<p>  many \n\n  spaces\there  </p>", text: "many spaces here" },
    { when: "an attribute value holds '>'", html: '<a title="a>b">link</a> text', text: "link text" },
    { when: "text holds a lone '<'", html: "1 < 2", text: "1 < 2" },
    { when: "<pre> keeps its layout", html: "<pre>  a\n    b</pre>", text: "  a\n    b" },
    { when: "a comment is never closed", html: "before<!-- never closed", text: "before" },
    { when: "a script is never closed", html: "before<script>while(1){}", text: "before" },
  ])("when $when, then the text reads as a person sees it", ({ html, text }) => {
    expect(htmlToText(html, MAX)).toBe(text);
  });

  it("when the HTML is longer than maxChars, then only the first maxChars are converted", () => {
    expect(htmlToText("<p>keep</p><p>drop</p>", 11)).toBe("keep");
  });

  it.each([
    { when: "100,000 <div> are nested", html: `${"<div>".repeat(100_000)}deep${"</div>".repeat(100_000)}`, text: "deep" },
    { when: "100,000 <table> are nested and never closed", html: `${"<table><tr><td>".repeat(100_000)}deep`, text: "deep" },
    { when: "100,000 <div> are opened and never closed", html: `${"<div>".repeat(100_000)}deep`, text: "deep" },
  ])("when $when, then it converts without overflowing the stack", ({ html, text }) => {
    expect(htmlToText(html, MAX)).toBe(text);
  });

  it("when a 3 MB table is written on one line, then every row becomes one line", () => {
    const html = `<table>${"<tr><td><b>Label</b></td><td>Value</td></tr>".repeat(75_000)}</table>`;
    const lines = htmlToText(html, 4_000_000).split("\n");
    expect(lines).toHaveLength(75_000);
    expect(new Set(lines)).toEqual(new Set(["Label | Value"]));
  });

  it("when one line holds 100,000 cells, then they are joined on that line", () => {
    const text = htmlToText(`<table><tr>${"<td>c</td>".repeat(100_000)}</tr></table>`, MAX);
    expect(text).toBe(Array.from({ length: 100_000 }, () => "c").join(" | "));
  });
});
