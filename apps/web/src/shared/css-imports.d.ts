/** A stylesheet imported by the module that needs it (vite bundles it with the page's CSS). */
declare module '*.css';
