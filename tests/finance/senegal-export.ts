import type { ColumnMap } from '../../connectors/ifmis/column-map.js';

/**
 * A francophone IFMIS export built to the shape such systems write — `;`, decimal comma, space
 * thousands, Latin-1, AE / CP / liquidé columns, section subtotal rows marked by their label — in
 * the MADE-UP Senegal-style chart of coa-workbook.ts, and the column map that reads it.
 */
export const SENEGAL_MAP: ColumnMap = {
  name: 'sn-lfi-test',
  description: 'A made-up francophone LFI export (tests only).',
  country: 'SN',
  encoding: 'latin1',
  delimiter: ';',
  fiscalYear: { value: '2026' },
  currency: { value: 'XOF' },
  numbers: { thousands: ' ', decimal: ',' },
  segments: {
    administrative: { columns: ['Section', 'Service'] },
    programme: { columns: ['Programme', 'Action'] },
    nature: { columns: ['Nature'] },
    functional: { columns: ['Fonction'] },
  },
  amounts: { commitment_authority: 'AE', approved: 'CP', verified: 'Liquidé' },
  subtotals: { column: 'Libellé', pattern: '^total section' },
};

export const SENEGAL_EXPORT = [
  'Section;Service;Programme;Action;Nature;Fonction;Libellé;AE;CP;Liquidé',
  '21;01;P211;1;2;0721;Salaires des agents de santé;1 250 000,50;1 100 000,00;950 000,25',
  '21;01;P211;2;3;07.4.0;Médicaments essentiels;800 000,00;600 000,00;410 000,00',
  "21;02;P212;1;5;731;Réhabilitation de l'hôpital régional;5 000 000,00;1 500 000,00;",
  '21;;;;;;TOTAL SECTION 21;7 050 000,50;3 200 000,00;1 360 000,25',
  '23;01;P231;1;2;0912;Enseignants du préscolaire et de l’élémentaire;2 000 000,00;2 000 000,00;1 999 999,99',
  '23;;;;;;Total section 23;2 000 000,00;2 000 000,00;1 999 999,99',
].join('\r\n');

/** The export as the IFMIS writes it: Latin-1 bytes (the curly apostrophe is not Latin-1, so it is written straight). */
export const latin1 = (text: string): Buffer => Buffer.from(text.replaceAll('’', "'"), 'latin1');
