// zod/mini ships without messages ("Invalid input" for everything): load the English ones once, for every schema.
// Only the one locale: the `locales` namespace would put all of them into every bundle.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
