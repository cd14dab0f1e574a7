import * as z from 'zod/mini';

// zod/mini ships without messages ("Invalid input"); the English locale names what was expected.
z.config(z.locales.en());
