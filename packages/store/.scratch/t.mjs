import Database from 'better-sqlite3';
const db=new Database(':memory:');
db.exec('create table t(b blob not null, r real)');
const u=new Uint8Array([1,2,3,4,5]).subarray(1,3);
db.prepare('insert into t values(?,?)').run(u, 1.5);
db.prepare('insert into t values(?,?)').run(new Uint8Array(0), Infinity);
try { db.prepare('insert into t values(?,?)').run(Buffer.alloc(1), NaN); } catch(e) { console.log('nan err', e.message); }
console.log(db.prepare('select b, typeof(b), r, typeof(r) from t').raw().all());
console.log(db.pragma('journal_mode', {simple:true}));
db.exec('begin'); db.pragma('application_id = 1396921175'); db.exec('commit'); console.log(db.pragma('application_id',{simple:true}));
try { db.prepare('insert into t values(?,?)').run('x', 1n<<70n);} catch(e){console.log(e.code, e.message)}
