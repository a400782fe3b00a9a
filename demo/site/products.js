// @ts-check
/** @typedef {{ id: string, name: string, price: number, blurb: string }} Product */

/** The shop's catalogue: fixed, so the page views and clicks it produces are predictable. @type {Product[]} */
export const products = [
  { id: '1', name: 'Lantern', price: 24, blurb: 'A paper lantern that folds flat.' },
  { id: '2', name: 'Teapot', price: 38, blurb: 'Cast iron, keeps tea warm for an hour.' },
  { id: '3', name: 'Notebook', price: 9, blurb: 'Dot grid, 120 pages, lies flat.' },
  { id: '4', name: 'Umbrella', price: 29, blurb: 'Survives a gust, folds to 25 cm.' },
];
