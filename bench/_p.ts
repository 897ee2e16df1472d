import * as fs from 'node:fs';
import * as path from 'node:path';
import { assessUnit } from '../lib/exposure';
import { loadUnitFile } from '../lib/unit/load';
const dir='/lib/systemd/system';
const docs: any[] = [];
for (const f of fs.readdirSync(dir).sort()) { const full=path.join(dir,f); if (fs.lstatSync(full).isSymbolicLink()||!fs.statSync(full).isFile()) continue; if(!/\.(service|socket|mount|swap|timer|target|path|slice|automount)$/.test(f)) continue;
 try { const d={name:f, document: loadUnitFile(full).document}; assessUnit(d,{release:'252'}); docs.push(d);} catch {} }
const R=Number(process.argv[2]??200);
let t=process.hrtime.bigint();
for(let r=0;r<R;r++) for(const d of docs) assessUnit(d,{release:'252'});
const ms=Number(process.hrtime.bigint()-t)/1e6;
console.log(docs.length, (ms*1000/(R*docs.length)).toFixed(2),'us/unit');
