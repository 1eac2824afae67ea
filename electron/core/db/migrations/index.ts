// Static migration provider: the list is compiled in, so it works inside an
// asar archive and in a bundle. Names are zero-padded and sort in order.
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_init.ts';
import * as m0002 from './0002_one_truth.ts';
import * as m0003 from './0003_security.ts';
import * as m0004 from './0004_documents.ts';
import * as m0005 from './0005_collect.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_one_truth': m0002,
  '0003_security': m0003,
  '0004_documents': m0004,
  '0005_collect': m0005,
};

