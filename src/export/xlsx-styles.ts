import { xmlAttribute } from './xml-text.js';

/** Built-in formats: 0 General, 1 "0", 3 "#,##0", 10 "0.00%". */
const BUILT_IN: Readonly<Record<string, number>> = { General: 0, '0': 1, '#,##0': 3, '0.00%': 10 };
const FIRST_CUSTOM_FORMAT = 164;

/**
 * The cell styles a workbook uses, collected while its rows are written (styles.xml is written
 * last): style 0 is plain, 1 the bold header; every other style is one number format.
 */
export class XlsxStyles {
  private readonly formats = new Map<string, number>();
  private readonly styleOfFormat = new Map<string, number>();
  private readonly styleFormats: number[] = [0, 0];

  static readonly PLAIN = 0;
  static readonly HEADER = 1;

  /** The style index of cells shown with this number format. */
  style(format: string): number {
    const known = this.styleOfFormat.get(format);
    if (known !== undefined) return known;
    let id = BUILT_IN[format] ?? this.formats.get(format);
    if (id === undefined) {
      id = FIRST_CUSTOM_FORMAT + this.formats.size;
      this.formats.set(format, id);
    }
    const style = this.styleFormats.length;
    this.styleFormats.push(id);
    this.styleOfFormat.set(format, style);
    return style;
  }

  xml(): string {
    const numFmts = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttribute(code)}"/>`).join('');
    const xfs = this.styleFormats
      .map((numFmtId, index) =>
        index === XlsxStyles.HEADER
          ? '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
          : `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}/>`,
      )
      .join('');
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (numFmts ? `<numFmts count="${this.formats.size}">${numFmts}</numFmts>` : '') +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.styleFormats.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}
