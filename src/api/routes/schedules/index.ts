import type { App } from '../../env.js';
import { registerBackfillScheduleRoute } from './backfill-schedule.js';
import { registerCreateScheduleRoute } from './create-schedule.js';
import { registerDeleteScheduleRoute } from './delete-schedule.js';
import { registerGetScheduleRoute } from './get-schedule.js';
import { registerListSchedulesRoute } from './list-schedules.js';
import { registerRunScheduleRoute } from './run-schedule.js';
import { registerToggleScheduleRoute } from './toggle-schedule.js';
import { registerUpdateScheduleRoute } from './update-schedule.js';

export function registerSchedulesRoutes(app: App) {
  registerListSchedulesRoute(app);
  registerCreateScheduleRoute(app);
  registerGetScheduleRoute(app);
  registerUpdateScheduleRoute(app);
  registerDeleteScheduleRoute(app);
  registerToggleScheduleRoute(app);
  registerRunScheduleRoute(app);
  registerBackfillScheduleRoute(app);
}
