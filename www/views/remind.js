// "Remind me": the calendar file of a projected month (ics.js), made on the
// device and handed to the browser as a download. In later.js: the button
// waits for it when pressed before it has come.

import { calendar, calendarName } from '../ics.js';

/** Makes the calendar file of a projected month and hands it to the browser as a download (a blob: URL, no request). */
export function remind(P, btn) {
  const [city, routeId, month] = btn.dataset.remind.split(':');
  const { t } = P;
  const report = P.lastGood?.report;
  const r = report?.cities.find((c) => c.city === city)?.routes.find((x) => x.route === routeId);
  const routeName = r ? P.name(r) : routeId;
  const text = calendar({
    uid: `${month}-${city}-${routeId}@hukou-years`,
    stamp: new Date(),
    month,
    lang: P.S.lang,
    summary: t.ics_summary(P.cityName(city), routeName),
    description: t.ics_desc(P.cityName(city), routeName, t.month(month), P.today, report?.rules_version ?? ''),
  });
  const name = calendarName(city, month);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  a.download = name;
  P.root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  // Said once (the live region), and shown next to the button that made it.
  P.$('hy-goal-msg').textContent = t.remind_made(name);
  let shown = btn.parentElement.querySelector('.made');
  if (!shown) {
    shown = document.createElement('span');
    shown.className = 'ok made';
    btn.after(shown);
  }
  shown.textContent = ` ${t.remind_made(name)}`;
}
