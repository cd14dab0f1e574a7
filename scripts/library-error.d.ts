/** Every error text in a package's built files (`dist/`), with its code. */
export declare function errorTexts(library: string): Map<string, string>;
