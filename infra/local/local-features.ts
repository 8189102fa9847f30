// Registers the local-only routes and the scheduled jobs of each feature with the local runtime.
// Each feature adds one import here.
import './vouchers-local.ts';
import './notifications-local.ts';
import './messaging-local.ts';
