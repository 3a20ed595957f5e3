'use strict';

/** Number of pages needed to show `total` items, `perPage` at a time. */
function pageCount(total, perPage) {
  if (!Number.isInteger(perPage) || perPage <= 0) {
    throw new RangeError('perPage must be a positive integer');
  }
  return Math.ceil(total / perPage);
}

/** The items on page `page` (1-based); an empty list outside the valid pages. */
function pageItems(items, page, perPage) {
  const count = pageCount(items.length, perPage);
  if (page < 1 || page >= count) {
    return [];
  }
  const start = (page - 1) * perPage;
  return items.slice(start, start + perPage);
}

/** Page numbers to show around `current`, at most `width` of them, clamped to [1, count]. */
function pageWindow(current, count, width) {
  const half = Math.floor(width / 2);
  let first = Math.max(1, current - half);
  const last = Math.min(count, first + width - 1);
  first = Math.max(1, last - width + 1);
  const pages = [];
  for (let p = first; p <= last; p++) {
    pages.push(p);
  }
  return pages;
}

module.exports = { pageCount, pageItems, pageWindow };
