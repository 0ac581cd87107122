// The xliff npm package (locize) ships no types; the tests read our export back with it. Only what they use.
declare module 'xliff/xliff2js' {
  export type XliffInline = string | Record<string, Record<string, string>>;
  export interface XliffUnitJs {
    source: XliffInline | XliffInline[];
    target?: XliffInline | XliffInline[];
    note?: string;
    additionalAttributes?: Record<string, string>;
  }
  export interface XliffJs {
    xliffVersion: string;
    sourceLanguage: string;
    targetLanguage?: string;
    resources: Record<string, Record<string, XliffUnitJs>>;
  }
  export default function xliff2js(xml: string): Promise<XliffJs>;
}
