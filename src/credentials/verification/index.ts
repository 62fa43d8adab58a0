import type { ModulePart } from '../../platform/module.ts';

export const verificationPart: ModulePart = {
  locales: {
    en: { verify: { nav: 'Verify a badge' } },
    nl: { verify: { nav: 'Badge controleren' } },
  },
};
