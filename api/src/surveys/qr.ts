import QRCode from "qrcode";

/** The address a survey link's QR code points to. */
export const surveyUrl = (publicBaseUrl: string, code: string) => `${publicBaseUrl}/s/${code}`;

// Error correction M survives a scuffed poster; a 4-module quiet zone is what scanners expect.
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

export const qrSvg = (text: string) => QRCode.toString(text, { ...OPTIONS, type: "svg" });

/** PNG rendering is ~50x slower than SVG: callers cache it. */
export const qrPng = (text: string, width = 512) => QRCode.toBuffer(text, { ...OPTIONS, type: "png", width });
